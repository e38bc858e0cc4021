// Constant-time string comparison on any runtime: both sides are hashed to fixed-length
// digests first, so neither the content nor the length of the secret leaks through timing.

const encoder = new TextEncoder();

async function digest(s: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(s)));
}

export async function safeEqual(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([digest(a), digest(b)]);
  let diff = 0;
  for (let i = 0; i < da.length; i++) diff |= da[i] ^ db[i];
  return diff === 0;
}

export async function sha256Hex(s: string): Promise<string> {
  const d = await digest(s);
  let out = '';
  for (const b of d) out += b.toString(16).padStart(2, '0');
  return out;
}
