/** The baseline of the bundle benchmark: a handler that does nothing. */
export const handler = async (): Promise<{ batchItemFailures: never[] }> => ({ batchItemFailures: [] });
