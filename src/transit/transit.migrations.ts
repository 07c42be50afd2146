import type { Migrations } from '../core/migrate.js';

/** GTFS timetables and the realtime feeds' configuration. */
export const transitMigrations: Migrations = {};
