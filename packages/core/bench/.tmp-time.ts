import { canonicalMillis } from '../src/rules/event-time';
let bad = 0,
  n = 0,
  fast = 0;
for (let y = 0; y <= 9999; y += y < 2100 ? 1 : 37)
  for (let m = 0; m <= 13; m++)
    for (let d = 0; d <= 32; d++) {
      const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String((d * 7) % 25).padStart(2, '0')}:${String((d * 13) % 61).padStart(2, '0')}:${String((y + d) % 61).padStart(2, '0')}Z`;
      const a = canonicalMillis(s);
      n++;
      if (a === undefined) continue;
      fast++;
      if (a !== Date.parse(s)) {
        bad++;
        if (bad < 5) console.log(s, a, Date.parse(s));
      }
    }
console.log({ n, fast, bad });
