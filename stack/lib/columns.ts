/**
 * Request bodies to column values. In a body, a field left out means "leave it" while `null`
 * means "clear it"; only the defined values reach the row, so a PATCH writes what it names and an
 * INSERT lets the database fill in defaults for the rest.
 *
 * @example
 * definedOnly({ name: 'Jane', email: undefined, phone: null }); // { name: 'Jane', phone: null }
 */
export function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
