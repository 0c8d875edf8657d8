// The case the window shows (the top bar's), which every write names (issue 10): main refuses a
// write meant for another case than the one it has open. Set by App when the case info arrives.

let shown: string | null = null;

export function setShownCase(path: string | null): void {
  shown = path;
}

export function shownCase(): string | null {
  return shown;
}
