/**
 * Named parameters for the statements of one search. Every value a query carries goes through
 * bind(): the SQL text is only ever assembled from fixed fragments and parameter names.
 */
export class SqlParams {
  readonly values: Record<string, string | number> = {};
  private next = 0;

  bind(value: string | number): string {
    const name = `p${this.next++}`;
    this.values[name] = value;
    return `@${name}`;
  }
}
