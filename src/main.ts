// Process entry: load config, open storage, build the app, listen, shut down cleanly.
import { loadConfig, ConfigError } from './config.ts';
import { buildApp, createDeps } from './app.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const deps = await createDeps(config);
  const app = await buildApp(deps, { chronograph: config.chronograph, auctionRunner: config.auction });
  const shutdown = async (signal: string): Promise<void> => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  if (deps.store.kind === 'postgres' && config.publicUrl === undefined) {
    // Links the server writes into tenders (auction pages, document urls) name this node itself;
    // nodes behind one load balancer that name themselves rewrite each other's links.
    app.log.warn('PUBLIC_URL is not set: every node on one database must set it to the address clients use (the load balancer)');
  }
  app.log.info({ storage: deps.store.kind, sandbox: config.sandbox, chronograph: config.chronograph, auction: config.auction }, 'CDB API listening');
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
