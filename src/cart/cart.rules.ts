/** The cart's one rule: how many titles it keeps. */

/**
 * More titles than this are refused: a confirmation reads every title of
 * the cart inside the patron's lock, and no one reserves more than the
 * limits (11 by default) at a time anyway.
 */
export const MAX_CART_TITLES = 30;
