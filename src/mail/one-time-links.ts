/**
 * Mail whose `url` carries a one-time token (only its hash is kept where the
 * token is checked). The raw token has to wait in the outbox until the mail
 * is sent, since the body is rendered at sending; once the mail is sent or
 * given up the link is removed from the row (mail.repo's finishClaim), so no
 * raw token outlives its delivery anywhere in the database. Rendering the
 * body at queue time would not help: the body would hold the same token.
 */
import type { MailTemplate } from './mail.templates.ts';

export const ONE_TIME_LINK_TEMPLATES: readonly MailTemplate[] = ['email-confirmation', 'sign-in-unlock'];
