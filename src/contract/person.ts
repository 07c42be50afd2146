/** The national register's fixed values, as server and console know them. */

export const Sex = { female: 'F', male: 'M' } as const;

export type Sex = (typeof Sex)[keyof typeof Sex];
