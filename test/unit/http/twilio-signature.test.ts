import { twilioSignature, validTwilioSignature } from '../../../src/http/twilio-signature';

// Twilio's documented examples (twilio.com/docs/usage/security, api-snippets signature_validation).
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = (caller: string) => ({
  CallSid: 'CA1234567890ABCDE',
  Caller: caller,
  Digits: '1234',
  From: caller,
  To: '+18005551212',
});

describe('X-Twilio-Signature', () => {
  it("matches Twilio's published examples", () => {
    expect(twilioSignature('12345', url, params('+14158675309'))).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(twilioSignature('12345', url, params('+14158675310'))).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
  });

  it('refuses a missing or altered signature, another URL, a changed parameter or another token', () => {
    const p = params('+14158675310');
    expect(validTwilioSignature('12345', 'GvWf1cFY/Q7PnoempGyD5oXAezc=', url, p)).toBe(true);
    expect(validTwilioSignature('12345', undefined, url, p)).toBe(false);
    expect(validTwilioSignature('12345', 'GvWf1cFY/Q7PnoempGyD5oXAezd=', url, p)).toBe(false);
    expect(validTwilioSignature('12345', 'short', url, p)).toBe(false);
    expect(validTwilioSignature('12345', 'GvWf1cFY/Q7PnoempGyD5oXAezc=', `${url}&x=1`, p)).toBe(false);
    expect(validTwilioSignature('12345', 'GvWf1cFY/Q7PnoempGyD5oXAezc=', url, { ...p, Digits: '9' })).toBe(
      false,
    );
    expect(validTwilioSignature('54321', 'GvWf1cFY/Q7PnoempGyD5oXAezc=', url, p)).toBe(false);
  });
});
