/**
 * Password policy: at least 10 characters, characters from at least 3 of the 4 classes (lower-case
 * letters, upper-case letters, digits, anything else), and not containing the username. Returns the
 * reasons it fails, in Chinese and English; empty when the password is acceptable.
 */
export const passwordPolicy = { minLength: 10, minClasses: 3 } as const;

export function checkPasswordPolicy(password: string, username?: string): string[] {
  const problems: string[] = [];
  if ([...password].length < passwordPolicy.minLength) {
    problems.push(
      `密码至少 ${passwordPolicy.minLength} 个字符 / password must have at least ${passwordPolicy.minLength} characters`,
    );
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((pattern) =>
    pattern.test(password),
  ).length;
  if (classes < passwordPolicy.minClasses) {
    problems.push(
      '密码须包含小写字母、大写字母、数字、其他字符中的至少三类 / password must mix at least 3 of: lower-case, upper-case, digits, other characters',
    );
  }
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push('密码不得包含用户名 / password must not contain the username');
  }
  return problems;
}
