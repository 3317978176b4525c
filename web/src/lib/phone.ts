// Typed phone numbers to E.164, by the same rules as the server (src/common/e164.cpp), so
// a number the app accepts is one the API accepts: separators dropped, "+" or "00" is
// international, a national number takes the organization's default country.

// The countries the server knows by name; any other default country is given as its
// calling code ("44"), which works here too.
const CALLING_CODES: Record<string, string> = {
  US: '1', CA: '1', GB: '44', IE: '353', AU: '61', NZ: '64', DE: '49', FR: '33', ES: '34', IT: '39',
  NL: '31', BE: '32', CH: '41', AT: '43', SE: '46', NO: '47', DK: '45', FI: '358', PL: '48', PT: '351',
  IN: '91', MX: '52', BR: '55', AR: '54', ZA: '27', SG: '65', JP: '81', IL: '972',
};

export function callingCodeOf(country: string | null | undefined): string | null {
  const value = (country ?? '').trim();
  if (/^\d{1,3}$/.test(value)) return value;
  return CALLING_CODES[value.toUpperCase()] ?? null;
}

// "(555) 010-0001" with country "US" -> "+15550100001"; null when it is not a plausible
// phone number (letters, a short code, too long).
export function toE164(raw: string, country: string | null | undefined = 'US'): string | null {
  const text = raw.trim();
  if (!text || /[^\d+\s\-.()]/.test(text) || text.lastIndexOf('+') > 0) return null;
  let digits = text.replace(/\D/g, '');
  let international = text.startsWith('+');
  if (!international && digits.startsWith('00')) {
    international = true;
    digits = digits.slice(2);
  }
  if (!international) {
    const code = callingCodeOf(country) ?? '1';
    if (code === '1') {
      // North America: ten digits, or eleven with the leading 1.
      if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
      if (digits.length !== 10) return null;
    } else if (digits.startsWith('0')) {
      digits = digits.slice(1); // the national trunk prefix
    }
    digits = code + digits;
  }
  if (digits.length < 8 || digits.length > 15 || digits.startsWith('0')) return null;
  return `+${digits}`;
}

// Whether what was typed is meant as a number (digits and separators), not a name.
export function looksLikeNumber(text: string): boolean {
  return /^[\d+\s\-.()]+$/.test(text.trim()) && /\d/.test(text);
}
