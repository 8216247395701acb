import { randomInt } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { checkPasswordPolicy } from '@qunce/core';

// argon2id, m = 19 MiB, t = 2, p = 1 (OWASP Password Storage Cheat Sheet's first recommendation).
const argon2id = 2 as Algorithm;
const options = { algorithm: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Verifies against a throw-away hash so that an unknown username costs as much time as a known one. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('unused-Dummy-password-1');
  await verifyPassword(await dummyHash, password);
}

const alphabets = ['abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '-_.!#%+'];

/** A random 16-character password from unambiguous characters, satisfying the password policy. */
export function generatePassword(): string {
  for (;;) {
    const all = alphabets.join('');
    const chars = Array.from({ length: 16 }, () => all[randomInt(all.length)] ?? 'x');
    const password = chars.join('');
    if (
      checkPasswordPolicy(password).length === 0 &&
      alphabets.every((set) => chars.some((c) => set.includes(c)))
    ) {
      return password;
    }
  }
}
