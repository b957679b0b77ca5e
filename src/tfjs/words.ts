// UsageError quotes a string `actual` (a value the caller passed); a description is shown as it is.

export const described = (text: string): { toString(): string } => ({ toString: () => text });
