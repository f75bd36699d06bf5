import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { openDatabase, type Database, type Db } from './database.js';
import { migrate } from './migrator.js';

export const DATABASE = Symbol('DATABASE');
export const DB = Symbol('DB');

/** Injects the Drizzle handle: `constructor(@InjectDb() private readonly db: Db)`. */
export const InjectDb = (): ParameterDecorator => Inject(DB);

@Global()
@Module({
  providers: [
    {
      provide: DATABASE,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<Database> => {
        const logger = new Logger('EmbeddedPostgres');
        const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir, poolMax: config.database.poolMax, logger });
        // Migrations run before any feature touches a table; safe with concurrent boots.
        await migrate(database.db);
        return database;
      },
    },
    { provide: DB, inject: [DATABASE], useFactory: (database: Database): Db => database.db },
  ],
  exports: [DATABASE, DB],
})
export class DbModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  // The last hook to run: jobs stop in beforeApplicationShutdown, so nothing queries after this.
  // On the embedded server this also detaches from it (the last process attached stops it).
  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
