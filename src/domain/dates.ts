// freqtrade's date renderings: "YYYY-MM-DD HH:MM:SS" strings, ISO with Z through pydantic models.

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "2024-03-30 16:00:00" (UTC, no zone). */
export function ftDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "2024-03-30T16:00:00Z" (fractional seconds kept when non-zero, as pydantic does). */
export function isoZ(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** "2024-03-30" */
export function ftDay(ms: number): string {
  return ftDate(ms).slice(0, 10);
}
