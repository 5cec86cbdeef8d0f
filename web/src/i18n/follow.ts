// Messages of following a report: tracking by code, a report's page, "my reports", the rating.
export const followVi = {
  'follow.trackTitle': 'Tra cứu phản ánh',
  'follow.reportTitle': 'Phản ánh {code}',
  'follow.mineTitle': 'Phản ánh của tôi',
};

export const followEn: Readonly<Record<keyof typeof followVi, string>> = {
  'follow.trackTitle': 'Track a report',
  'follow.reportTitle': 'Report {code}',
  'follow.mineTitle': 'My reports',
};
