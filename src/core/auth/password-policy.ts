import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { invalidField } from '../errors.js';

/**
 * The weakest password a person may choose: zxcvbn's score 3, about 10^8 guesses or more for an
 * attacker who knows the common passwords, keyboard patterns (QWERTY and AZERTY), repeats, sequences and
 * dates, and the person's own name. Length alone does not pass: `aaaaaaaaaaaa` and `azerty123456` fail.
 */
const MINIMUM_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

/**
 * Refuses, as a 400 naming `field`, a password that is too easy to guess; `personal` are the words an
 * attacker would try first for this person (username, names).
 */
export function assertHardToGuess(password: string, personal: readonly string[], field: string): void {
  // Built at first use: the dictionaries take a moment to load, and most processes never need them.
  estimator ??= new ZxcvbnFactory({ graphs: adjacencyGraphs, dictionary });
  const { score } = estimator.check(password, personal.filter((word) => word !== ''));
  if (score < MINIMUM_SCORE) {
    throw invalidField(field, 'is too easy to guess: a common password, a keyboard pattern, a repeat or a name; choose a phrase of several words');
  }
}
