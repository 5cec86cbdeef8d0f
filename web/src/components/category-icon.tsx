// A category's icon: decoration next to its name (hidden from screen readers, which read the name).
import { categoryIconPaths } from '../report/category-icons.js';

export function CategoryIcon({ name, size = 28 }: { name: string | null; size?: number }) {
  return (
    <svg
      class="category-icon"
      viewBox="0 0 24 24"
      width={size}
      height={size}
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      {categoryIconPaths(name).map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
