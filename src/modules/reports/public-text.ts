// The public version of a reporter's text: contact details people type into descriptions are masked before
// anything is published (officers can still edit the public text; the original stays for them).

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/** Vietnamese phone numbers as people type them: 0912 345 678, 0912.345.678, +84 912345678, (0204) 3123456. */
const PHONE = /(?<![\p{N}])(?:\+?84|0)[\s.\-()]*(?:\d[\s.\-()]*){7,9}\d(?![\p{N}])/gu;

export const MASK = '[đã ẩn]';

export function maskContactDetails(text: string): string {
  return text.replace(EMAIL, MASK).replace(PHONE, (match) => {
    const digits = match.replace(/\D/g, '');
    // 9–11 digits after the prefix: a phone number; shorter runs (a year, an amount) stay.
    return digits.length >= 9 && digits.length <= 12 ? MASK : match;
  });
}
