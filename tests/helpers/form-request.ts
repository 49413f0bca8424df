/** A same-site urlencoded form POST, as a submit function receives it from a page. */
export function formRequest(path: string, form: Record<string, string>): Request {
  return new Request(`http://127.0.0.1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}
