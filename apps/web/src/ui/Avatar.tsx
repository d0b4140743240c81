/** Initials on a colour picked from the name, so the same person always looks the same. */
export function Avatar({ name, size = 28, kind }: { name: string; size?: number; kind?: string }) {
  const initials = initialsOf(name);
  const hue = hueOf(name);
  return (
    <span
      className={`avatar ${kind ? `avatar-${kind}` : ''}`}
      style={{ width: size, height: size, fontSize: size * 0.42, ['--avatar-hue' as string]: hue }}
      aria-hidden="true"
      data-user-content
    >
      {initials}
    </span>
  );
}

/** Two Latin initials, or the first Chinese character (given names read oddly split). */
export function initialsOf(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  const first = [...trimmed][0]!;
  if (/[\u3400-\u9fff]/.test(first)) return first;
  const words = trimmed.split(/\s+/).filter((word) => /^[A-Za-z]/.test(word));
  if (words.length >= 2) return (words[0]![0]! + words[1]![0]!).toUpperCase();
  return first.toUpperCase();
}

function hueOf(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.codePointAt(0)!) % 360;
  return hash;
}
