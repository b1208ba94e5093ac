// Passkeys as a second way to sign in, through @better-auth/passkey (whose exact peer pins are
// overridden to better-auth 1.7.25's own versions: this shows the pair really works). A software
// authenticator registers a passkey for a signed-in instructor, then signs in with it alone.
import { describe, expect, it } from "vitest";
import { call, PASSWORD, whoIs } from "../../helpers/accounts";
import { SoftAuthenticator } from "../../helpers/soft-authenticator";
import { signUpInstructor, startTestServer } from "../../helpers/test-server";

type Options = { challenge: string; rp: { id: string }; user: { id: string }; rpId?: string };
const withChallenge = (cookie: string, reply: { cookie: string }) => [cookie, reply.cookie].filter(Boolean).join("; ");

describe("passkeys", () => {
  it("register for a signed-in instructor and then sign in without a password", async () => {
    const server = await startTestServer({ signup: "open" });
    try {
      const { cookie } = await signUpInstructor(server, {
        name: "Ann",
        email: "ann@school.example",
        password: PASSWORD,
      });
      const authenticator = new SoftAuthenticator();

      expect((await call(server, "/api/auth/passkey/generate-register-options")).status).toBe(401); // signed out
      const options = await call<Options>(server, "/api/auth/passkey/generate-register-options", { cookie });
      expect(options.status).toBe(200);
      expect(options.body.rp.id).toBe("127.0.0.1"); // the request's host: no PUBLIC_URL
      const registered = await call(server, "/api/auth/passkey/verify-registration", {
        cookie: withChallenge(cookie, options),
        body: { response: authenticator.register(options.body, server.url), name: "Laptop" },
      });
      expect(registered.status, registered.text).toBe(200);
      const listed = await call<Array<{ name: string }>>(server, "/api/auth/passkey/list-user-passkeys", { cookie });
      expect(listed.body.map((p) => p.name)).toEqual(["Laptop"]);

      // Another browser, signed out: the passkey alone signs in.
      const challenge = await call<Options>(server, "/api/auth/passkey/generate-authenticate-options");
      expect(challenge.status).toBe(200);
      const signedIn = await call(server, "/api/auth/passkey/verify-authentication", {
        cookie: challenge.cookie,
        body: { response: authenticator.authenticate(challenge.body, server.url, "127.0.0.1") },
      });
      expect(signedIn.status, signedIn.text).toBe(200);
      expect(signedIn.text).not.toMatch(/"token"/);
      expect(await whoIs(server, signedIn.cookie)).toMatchObject({ email: "ann@school.example" });

      // A signature for another site's page (a phishing copy) is refused.
      const again = await call<Options>(server, "/api/auth/passkey/generate-authenticate-options");
      const phished = await call(server, "/api/auth/passkey/verify-authentication", {
        cookie: again.cookie,
        body: { response: authenticator.authenticate(again.body, server.url, "evil.example") },
      });
      expect(phished.status).toBeGreaterThanOrEqual(400);
      expect(phished.cookie).toBe("");
    } finally {
      await server.close();
    }
  });
});
