// FaceGate passkeys (WebAuthn): "Sign in with a passkey" on the login page (a discoverable credential: no user
// name typed) and "Add a passkey" on the account page. The server's answers are JSON with base64url fields.
(function () {
  'use strict';
  const csrfToken = document.querySelector('meta[name="_csrf"]')?.content;
  const csrfHeader = document.querySelector('meta[name="_csrf_header"]')?.content || 'X-CSRF-TOKEN';

  const b64 = {
    encode(buffer) {
      let s = '';
      new Uint8Array(buffer).forEach((b) => { s += String.fromCharCode(b); });
      return btoa(s).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    },
    decode(text) {
      const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
      const out = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
      return out.buffer;
    },
  };

  async function post(url, body) {
    const headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    if (csrfToken) headers[csrfHeader] = csrfToken;
    const response = await fetch(url, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    let json = null;
    try { json = await response.json(); } catch (e) { json = null; }
    return { ok: response.ok, status: response.status, json };
  }

  function show(el, text, kind) {
    if (!el) return;
    el.textContent = text;
    el.className = 'flash ' + kind;
    el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    el.hidden = false;
  }

  function problem(answer, fallback) {
    return (answer && answer.json && answer.json.message) || fallback;
  }

  // A browser refusal (the user cancelled, no passkey, timeout) in words.
  function browserProblem(err, what) {
    if (err && err.name === 'NotAllowedError') return 'The ' + what + ' was cancelled or timed out. Try again when you are ready.';
    if (err && err.name === 'InvalidStateError') return 'This passkey is already registered on your account.';
    if (err && err.name === 'SecurityError') return 'Passkeys do not work on this address: open the site on its usual address (https).';
    return 'Your browser could not complete the ' + what + '. Try again, or use your password.';
  }

  const supported = !!(window.PublicKeyCredential && navigator.credentials);

  // Login page: sign in with a passkey.
  const loginButton = document.getElementById('passkey-login');
  if (loginButton) {
    const alertBox = document.getElementById('passkey-alert');
    if (!supported) {
      loginButton.disabled = true;
      show(alertBox, 'This browser cannot use passkeys. Log in with your password or your face.', 'error');
    }
    loginButton.addEventListener('click', async () => {
      loginButton.disabled = true;
      try {
        const start = await post('/webauthn/authenticate/options');
        if (!start.ok || !start.json) {
          show(alertBox, problem(start, 'The passkey login could not start. Reload the page and try again.'), 'error');
          return;
        }
        const options = start.json;
        options.challenge = b64.decode(options.challenge);
        options.allowCredentials = (options.allowCredentials || []).map((c) => ({ ...c, id: b64.decode(c.id) }));
        let credential;
        try {
          credential = await navigator.credentials.get({ publicKey: options });
        } catch (err) {
          show(alertBox, browserProblem(err, 'passkey login'), 'error');
          return;
        }
        const r = credential.response;
        const answer = await post('/login/webauthn', {
          id: credential.id,
          rawId: b64.encode(credential.rawId),
          type: credential.type,
          response: {
            authenticatorData: b64.encode(r.authenticatorData),
            clientDataJSON: b64.encode(r.clientDataJSON),
            signature: b64.encode(r.signature),
            userHandle: r.userHandle ? b64.encode(r.userHandle) : undefined,
          },
          clientExtensionResults: credential.getClientExtensionResults(),
          authenticatorAttachment: credential.authenticatorAttachment || undefined,
        });
        if (answer.ok && answer.json && answer.json.redirect) {
          window.location.assign(answer.json.redirect);
          return;
        }
        show(alertBox, problem(answer, 'This passkey could not log you in. Try again, or log in with your password.'), 'error');
      } finally {
        loginButton.disabled = !supported;
      }
    });
  }

  // Account page: add a passkey.
  const addForm = document.getElementById('passkey-add');
  if (addForm) {
    const alertBox = document.getElementById('passkey-add-alert');
    const button = addForm.querySelector('button[type=submit]');
    if (!supported) {
      button.disabled = true;
      show(alertBox, 'This browser cannot make passkeys. Use a current Chrome, Edge, Safari or Firefox.', 'error');
    }
    addForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const name = addForm.elements.name.value.trim();
      if (!name) {
        show(alertBox, 'Give the passkey a name, such as "Work laptop".', 'error');
        return;
      }
      button.disabled = true;
      try {
        const start = await post('/account/passkeys/options');
        if (!start.ok || !start.json) {
          show(alertBox, problem(start, 'Adding a passkey could not start. Reload the page and try again.'), 'error');
          return;
        }
        const options = start.json;
        options.challenge = b64.decode(options.challenge);
        options.user = { ...options.user, id: b64.decode(options.user.id) };
        options.excludeCredentials = (options.excludeCredentials || []).map((c) => ({ ...c, id: b64.decode(c.id) }));
        let credential;
        try {
          credential = await navigator.credentials.create({ publicKey: options });
        } catch (err) {
          show(alertBox, browserProblem(err, 'passkey set-up'), 'error');
          return;
        }
        const r = credential.response;
        const saved = await post('/account/passkeys', {
          name,
          credential: {
            id: credential.id,
            rawId: b64.encode(credential.rawId),
            type: credential.type,
            response: {
              attestationObject: b64.encode(r.attestationObject),
              clientDataJSON: b64.encode(r.clientDataJSON),
              transports: r.getTransports ? r.getTransports() : [],
            },
            clientExtensionResults: credential.getClientExtensionResults(),
            authenticatorAttachment: credential.authenticatorAttachment || undefined,
          },
        });
        if (saved.ok) {
          window.location.assign('/account?passkeyAdded');
          return;
        }
        show(alertBox, problem(saved, 'The passkey could not be saved. Try again.'), 'error');
      } finally {
        button.disabled = !supported;
      }
    });
  }
}());
