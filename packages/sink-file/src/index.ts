/** Placeholder: this package is being built. */
export {};
