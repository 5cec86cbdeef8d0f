// The category icons: line drawings on a 24×24 grid (stroke only, drawn in the text colour), one per name of
// CATEGORY_ICONS in src/modules/org/schemas.ts (test/unit/category-icons.test.ts keeps the two lists equal).
// Each is a list of SVG path data; a dot is a zero-length segment drawn with a round cap.

const circle = (cx: number, cy: number, r: number): string =>
  `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;

export const CATEGORY_ICON_PATHS: Readonly<Record<string, readonly string[]>> = {
  'urban-order': ['M3 10h18l-2-5H5z', 'M5 10v10h14V10', 'M10 20v-5h4v5'],
  road: ['M8 3 5 21', 'M16 3l3 18', 'M12 4v3', 'M12 11v3', 'M12 18v2'],
  'traffic-light': [
    'M9 2h6a1 1 0 0 1 1 1v15a1 1 0 0 1-1 1H9a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1z',
    circle(12, 6, 1.5),
    circle(12, 10.5, 1.5),
    circle(12, 15, 1.5),
    'M12 19v3',
  ],
  'traffic-safety': ['M12 3 2 20h20z', 'M12 9v5', 'M12 17h.01'],
  'street-light': ['M8 21V5a2 2 0 0 1 2-2h5', 'M14 3h6l-1 3h-4z', 'M17 9v2', 'M5 21h6'],
  tree: [circle(12, 8, 6), 'M12 14v8', 'M9 22h6', 'M12 17l-3-2'],
  'water-supply': [
    'M4 9h9a3 3 0 0 1 3 3v1',
    'M4 6v6',
    'M8 9V6',
    'M6 6h4',
    'M16 16c-1 1.5-1.5 2.3-1.5 3a1.5 1.5 0 0 0 3 0c0-.7-.5-1.5-1.5-3z',
  ],
  drainage: [circle(12, 12, 9), 'M7 9h10', 'M6 12h12', 'M7 15h10'],
  waste: ['M4 6h16', 'M9 6V4h6v2', 'M6 6l1 15h10l1-15', 'M10 10v7', 'M14 10v7'],
  pollution: ['M3 21h18', 'M4 21v-9l5 3v-3l5 3V6h3v15', 'M17 3c1.5 0 2 .8 2 1.5S18.5 6 20 6'],
  construction: ['M6 21V3', 'M6 3h14', 'M6 7l4-4', 'M17 3v6', 'M15 9h4v3h-4z', 'M3 21h7'],
  land: ['M3 6l6-3 6 3 6-3v15l-6 3-6-3-6 3z', 'M9 3v15', 'M15 6v15'],
  power: ['M13 2 4 14h7l-1 8 9-12h-7z'],
  telecom: [
    circle(12, 10, 1.5),
    'M12 12v10',
    'M8 22h8',
    'M8.5 6.5a5 5 0 0 0 0 7',
    'M15.5 6.5a5 5 0 0 1 0 7',
    'M5.5 3.5a9 9 0 0 0 0 13',
    'M18.5 3.5a9 9 0 0 1 0 13',
  ],
  bus: [
    'M5 4h14a1 1 0 0 1 1 1v12H4V5a1 1 0 0 1 1-1z',
    'M4 11h16',
    'M7 17v3',
    'M17 17v3',
    'M7.5 14h.01',
    'M16.5 14h.01',
  ],
  security: ['M12 2 4 5v6c0 5 3.5 9 8 11 4.5-2 8-6 8-11V5z', 'M9 12l2 2 4-4'],
  health: ['M4 4h16v16H4z', 'M12 8v8', 'M8 12h8'],
  consumer: ['M5 8h14l-1 13H6z', 'M9 8V6a3 3 0 0 1 6 0v2'],
  education: ['M2 9l10-5 10 5-10 5z', 'M6 11v5c3 2 9 2 12 0v-5', 'M22 9v6'],
  paperwork: ['M6 2h9l5 5v15H6z', 'M15 2v5h5', 'M9 13h8', 'M9 17h6'],
  business: ['M3 8h18v12H3z', 'M8 8V5h8v3', 'M3 13h18'],
  disaster: [
    'M5 14V8l7-5 7 5v6',
    'M2 18c2-1.5 4-1.5 6 0s4 1.5 6 0 4-1.5 6 0',
    'M2 22c2-1.5 4-1.5 6 0s4 1.5 6 0 4-1.5 6 0',
  ],
  other: [circle(12, 12, 9), 'M8 12h.01', 'M12 12h.01', 'M16 12h.01'],
};

/** The paths of `name`, or the generic icon's for none or a name this version does not know. */
export function categoryIconPaths(name: string | null): readonly string[] {
  return (name !== null ? CATEGORY_ICON_PATHS[name] : undefined) ?? CATEGORY_ICON_PATHS.other ?? [];
}
