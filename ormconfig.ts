import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app.config';
import { dataSourceOptions } from './src/database/data-source';

/** The TypeORM CLI's data source: the same configuration (DATABASE_URL) as the app, without the app's query deadlines. */
export default new DataSource(dataSourceOptions(loadConfig(), 'migrations'));
