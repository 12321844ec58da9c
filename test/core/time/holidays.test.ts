import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkingCalendar } from '../../../src/core/time/holidays.ts';

let root = '';

function standardsDir(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'calendars'), { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, 'calendars', file), content);
  return dir;
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'holidays-test-'));
});

after(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('loadWorkingCalendar', () => {
  it('without a directory only weekends are non-working', () => {
    const cal = loadWorkingCalendar();
    assert.equal(cal.isWorkingDay('2022-06-13'), true); // a holiday in the real data, Monday
    assert.equal(cal.isWorkingDay('2022-07-02'), false); // Saturday
    assert.deepEqual(cal.holidays(), []);
  });

  it('reads both files in the standards format (plain arrays of dates)', () => {
    const dir = standardsDir('both', {
      'workdays_off.json': '[\n  "2022-06-13",\n  "2022-06-27"\n]\n',
      'weekends_on.json': '["2022-07-02"]',
    });
    const cal = loadWorkingCalendar(dir);
    assert.equal(cal.isWorkingDay('2022-06-13'), false);
    assert.equal(cal.isWorkingDay('2022-06-14'), true);
    assert.equal(cal.isWorkingDay('2022-07-02'), true);
    assert.equal(cal.isWorkingDay('2022-07-03'), false);
  });

  it('each file is optional', () => {
    const offOnly = loadWorkingCalendar(standardsDir('off-only', { 'workdays_off.json': '["2022-06-13"]' }));
    assert.equal(offOnly.isWorkingDay('2022-06-13'), false);
    assert.equal(offOnly.isWorkingDay('2022-07-02'), false);
    const none = loadWorkingCalendar(standardsDir('none', {}));
    assert.deepEqual(none.holidays(), []);
  });

  it('a directory that does not exist is an error', () => {
    assert.throws(() => loadWorkingCalendar(join(root, 'missing')), /STANDARDS_DIR .*missing is not a directory/);
  });

  it('malformed files are errors naming the file', () => {
    const badJson = standardsDir('bad-json', { 'workdays_off.json': '["2022-06-13",' });
    assert.throws(() => loadWorkingCalendar(badJson), /workdays_off\.json is not readable JSON/);
    const notArray = standardsDir('not-array', { 'workdays_off.json': '{"2022-06-13": true}' });
    assert.throws(() => loadWorkingCalendar(notArray), /workdays_off\.json must be a JSON array/);
    const badDate = standardsDir('bad-date', { 'weekends_on.json': '["2022-02-30"]' });
    assert.throws(() => loadWorkingCalendar(badDate), /weekends_on\.json: entry 0 \("2022-02-30"\) is not a "YYYY-MM-DD" date/);
    const badType = standardsDir('bad-type', { 'workdays_off.json': '["2022-06-13", 20220627]' });
    assert.throws(() => loadWorkingCalendar(badType), /entry 1 \(20220627\)/);
  });

  const realDir = process.env.STANDARDS_DIR ?? '/work/shared/data';
  it('loads the real standards calendar', { skip: !existsSync(join(realDir, 'calendars')) }, () => {
    const cal = loadWorkingCalendar(realDir);
    assert.equal(cal.isWorkingDay('2022-06-13'), false); // listed holiday (Monday)
    assert.equal(cal.isWorkingDay('2022-07-02'), true); // listed working Saturday
    assert.equal(cal.isWorkingDay('2027-01-15'), true); // data ends in 2022: weekdays work
    assert.equal(cal.isWorkingDay('2027-01-16'), false);
  });
});
