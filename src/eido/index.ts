// The EIDO module's public entry: it offers nothing to other modules yet (its routes are its interface).
export {};
