// The task forms' field errors (domain/inspections.ts validators) name rows by key, e.g.
// `answers[backup-drill].evidenceIds`, `items[x]`, `findings.0.itemKey`, `reports[12]`; the forms
// here keep rows in objects keyed the same way, so each error lands on its field (forms/field-errors.ts
// places them).

/** The antd name path of an API field, given which leaf a bare row (`answers[key]`) stands for. */
export function namePathOf(field: string, rowLeaf: Record<string, string>): (string | number)[] | undefined {
  const keyed = field.match(/^(\w+)\[([^\]]+)\](?:\.(\w+))?$/);
  if (keyed) {
    const [, list, key, leaf] = keyed;
    const bare = rowLeaf[list!];
    if (!bare) return undefined;
    return [list!, key!, leaf ?? bare];
  }
  const dotted = field.match(/^(\w+)\.(\d+)\.(\w+)$/);
  if (dotted) return [dotted[1]!, Number(dotted[2]), dotted[3]!];
  return undefined;
}
