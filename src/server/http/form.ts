/** Form fields as strings (files and repeated names ignored), or null when the body is not a readable form. */
export async function readForm(request: Request): Promise<Record<string, string> | null> {
  try {
    const data = await request.formData();
    const out: Record<string, string> = {};
    for (const [name, value] of data) if (typeof value === 'string' && !(name in out)) out[name] = value;
    return out;
  } catch {
    return null;
  }
}
