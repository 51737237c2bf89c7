/** Sign-in and registration outcomes as form errors: which field, which message, with what numbers. */
import type { FormError } from '../../templates/parts/form.tsx';
import type { Translate } from '../i18n/index.ts';
import type { LockoutPolicy, PasswordPolicy, PasswordRefusal } from './auth.rules.ts';
import type { RegistrationErrors } from './sign-in.ts';
import type { GuardRefusal } from './sign-in-guard.ts';

/** How the policy's character set reads to a patron. */
export function passwordCharacters(t: Translate, policy: PasswordPolicy): string {
  return policy.characters === 'A-Za-z0-9' ? t('passwordRules.alnum') : t('passwordRules.custom', { characters: policy.characters });
}

/** The password rules, shown next to every new-password field before any mistake. */
export function passwordRules(t: Translate, policy: PasswordPolicy): string {
  return t('passwordRules', { min: policy.minLength, max: policy.maxLength, characters: passwordCharacters(t, policy) });
}

/** The throttle's or the lockout's message, on the card number field. */
export function guardRefusalError(refusal: GuardRefusal, formatTime: (instant: Date) => string, lockout: LockoutPolicy): FormError {
  if (refusal.kind === 'throttled') {
    return { field: 'card_number', key: 'login.throttled', params: { minutes: Math.ceil(refusal.retryAfterSeconds / 60) } };
  }
  return { field: 'card_number', key: 'login.locked', params: { minutes: lockout.minutes, until: formatTime(refusal.until) } };
}

/** How many more failures lock the card, and for how long: said from the third failure on. */
export function triesLeftError(field: string, triesLeft: number, lockout: LockoutPolicy): FormError {
  return { field, key: 'login.triesLeft', params: { count: triesLeft, minutes: lockout.minutes } };
}

/** A refused new password, with the policy's numbers in the message. */
export function passwordRefusalError(t: Translate, field: string, reason: PasswordRefusal, policy: PasswordPolicy): FormError {
  return {
    field,
    key: `passwordRefusal.${reason}`,
    params: { min: policy.minLength, max: policy.maxLength, characters: passwordCharacters(t, policy) },
  };
}

/** Each field's problem in the registration form, in the order of the fields. */
export function registrationErrors(t: Translate, errors: RegistrationErrors, policy: PasswordPolicy): FormError[] {
  const list: FormError[] = [];
  if (errors.cardNumber) list.push({ field: 'card_number', key: `card.${errors.cardNumber}` });
  if (errors.birthDate) list.push({ field: 'birth_date', key: `birthDate.${errors.birthDate}` });
  if (errors.phone) list.push({ field: 'phone', key: 'phone.empty' });
  if (errors.password) list.push(passwordRefusalError(t, 'password', errors.password, policy));
  if (errors.passwordConfirm) list.push({ field: 'password_confirm', key: `passwordConfirm.${errors.passwordConfirm}` });
  return list;
}
