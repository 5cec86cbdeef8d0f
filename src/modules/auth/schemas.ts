// Request and response shapes of sign-in.
import { Type, type Static } from '@sinclair/typebox';

export const SignInBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type SignInBody = Static<typeof SignInBody>;

export const SignInState = Type.Union([
  Type.Literal('signed_in'),
  Type.Literal('second_factor_required'),
  Type.Literal('second_factor_setup_required'),
]);
export const SignInReply = Type.Object({ state: SignInState });

export const CodeBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 10 }) },
  { additionalProperties: false },
);

export const TotpSetupReply = Type.Object({
  secret: Type.String({ description: 'Base32 secret, for typing into an authenticator app' }),
  uri: Type.String({ description: 'otpauth:// URI, for a QR code' }),
});

export const MeReply = Type.Object({
  accountId: Type.String(),
  kind: Type.Union([Type.Literal('citizen'), Type.Literal('officer')]),
  roles: Type.Array(Type.String()),
});

export const PhoneBody = Type.Object(
  { phone: Type.String({ minLength: 1, maxLength: 30 }) },
  { additionalProperties: false },
);
export const CodeSentReply = Type.Object({
  sentTo: Type.String({ description: 'The number, mostly hidden' }),
  expiresInSeconds: Type.Integer(),
  resendAfterSeconds: Type.Integer(),
});
export const PhoneCodeBody = Type.Object(
  {
    phone: Type.String({ minLength: 1, maxLength: 30 }),
    code: Type.String({ minLength: 1, maxLength: 10 }),
    acceptPrivacyVersion: Type.Optional(
      Type.String({
        maxLength: 20,
        description: 'Needed on first sign-in: the version of the privacy notice accepted',
      }),
    ),
  },
  { additionalProperties: false },
);
export const PhoneSignInReply = Type.Object({ state: Type.Literal('signed_in'), created: Type.Boolean() });

export const ProfileReply = Type.Object({
  kind: Type.Union([Type.Literal('citizen'), Type.Literal('officer')]),
  username: Type.Union([Type.String(), Type.Null()]),
  displayName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  privacyVersion: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export const ProfileBody = Type.Object(
  { displayName: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const LoginBody = Type.Object(
  { login: Type.String({ minLength: 1, maxLength: 254, description: 'Username or e-mail address' }) },
  { additionalProperties: false },
);
/**
 * A page of the web app to come back to after signing in: its hash path, e.g. `/phan-anh/PA-2026-000123`
 * for `#/phan-anh/PA-2026-000123`. Only a path of this site (never `//host`, a scheme or a backslash), so
 * that a link we send cannot lend our address to a redirect elsewhere. The web app checks the same
 * (`web/src/session.tsx`).
 */
export const RETURN_PATH_PATTERN = '^/(?![/\\\\])[A-Za-z0-9._~%/-]{0,199}$';
export const EmailBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    returnTo: Type.Optional(
      Type.String({
        maxLength: 200,
        pattern: RETURN_PATH_PATTERN,
        description:
          'The web page to go back to once signed in, as a hash path (`/phan-anh/PA-2026-000123`); put in the link',
      }),
    ),
  },
  { additionalProperties: false },
);
export const EmailLinkSentReply = Type.Object({
  accepted: Type.Literal(true),
  expiresInSeconds: Type.Integer({ description: 'How long the link works' }),
  resendAfterSeconds: Type.Integer({ description: 'When another link to this address may be asked for' }),
});
/** What the sign-in page offers besides phone codes, e-mail links and passwords. */
export const SignInMethodsReply = Type.Object({
  sso: Type.Union(
    [
      Type.Object({
        accountKind: Type.Union([Type.Literal('citizen'), Type.Literal('officer')], {
          description: 'Who signs in through it: citizens (accounts created after consent) or officers',
        }),
      }),
      Type.Null(),
    ],
    { description: 'Single sign-on (OpenID Connect), when configured' },
  ),
});
export const ResetBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export const LinkBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 100 }),
    acceptPrivacyVersion: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);
export const Accepted = Type.Object({ accepted: Type.Literal(true) });

export const AccountParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
