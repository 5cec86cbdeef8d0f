// Messages of the report flow (`#/gui-phan-anh`): Vietnamese first, English with exactly the same keys.
export const reportVi = {
  'report.title': 'Gửi phản ánh',
};

export const reportEn: Readonly<Record<keyof typeof reportVi, string>> = {
  'report.title': 'Send a report',
};
