import { isHumanText, isPersonName } from './human-text';

describe('human text: what people and companies are called', () => {
  it.each(['John 3rd', 'Anne (Ops)', 'José Núñez', '李小龙', "O'Brien-Smith", 'O’Brien', 'Smith, Jr.', 'Paul·la', 'Zoë', 'Nguyễn Văn A', 'محمد', 'Ελένη', 'Jean-Luc II', 'J. R. R.', 'Dr. Müller!', 'Henry Ⅷ', 'Anne\u00a0Marie'])(
    'accepts the person name %j',
    (name) => {
      expect(isPersonName(name)).toBe(true);
      expect(isHumanText(name)).toBe(true);
    },
  );

  it.each(['AT&T', 'Müller & Söhne (GmbH)', '3M Company', 'Acme/Labs #2', 'Studio_42', '100% Pure', 'Café Co. €'])('accepts the company name %j', (name) => {
    expect(isHumanText(name)).toBe(true);
  });

  it.each(['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "Robert'); DROP TABLE licenses;--", "' OR '1'='1", '`; DELETE FROM tenants;', 'a{b}', 'a[b]', 'a*b', 'a\\b', '🙂🙂🙂', '...', '--', ''])(
    'refuses %j (markup, statements, no letter or digit)',
    (text) => {
      expect(isHumanText(text)).toBe(false);
      expect(isPersonName(text)).toBe(false);
    },
  );

  it('needs a letter in a person name, a letter or digit in a company name', () => {
    expect(isPersonName('42')).toBe(false);
    expect(isHumanText('1&1')).toBe(true);
    expect(isPersonName('3rd')).toBe(true);
  });

  it('refuses _ in person names only', () => {
    expect(isPersonName("x' UNION SELECT license_key FROM licenses --")).toBe(false);
    expect(isPersonName('John_Doe')).toBe(false);
    expect(isHumanText('John_Doe')).toBe(true);
  });
});
