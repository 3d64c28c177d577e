/**
 * Staff-written free text that stays in the events as written (supplement notes, apology
 * reasons, return reasons, withdrawal reasons: the administration's own written acts,
 * which inspectors must be able to read for as long as the record lasts) must not carry
 * the applicant's contact, which is held apart so it can be erased. The route refuses a
 * text that contains a value of the contact recorded at reception (interpretation: the
 * erasure promise of the dossier context; a name written differently is not caught).
 */
export interface ApplicantContact {
  readonly name?: unknown;
  readonly phone?: unknown;
  readonly email?: unknown;
  readonly address?: unknown;
}

const fold = (s: string) => s.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
const digits = (s: string) => s.replace(/\D/g, '');

/** True when the text contains the applicant's phone (6+ digits, spacing ignored), email, name or address (4+ characters). */
export function quotesApplicantContact(text: string, contact: ApplicantContact): boolean {
  const folded = fold(text);
  if (typeof contact.phone === 'string') {
    const phone = digits(contact.phone);
    if (phone.length >= 6 && digits(text).includes(phone)) return true;
  }
  for (const value of [contact.email, contact.name, contact.address]) {
    if (typeof value !== 'string') continue;
    const v = fold(value);
    if (v.length >= 4 && folded.includes(v)) return true;
  }
  return false;
}
