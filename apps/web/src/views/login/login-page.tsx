import type { DemoAccount } from '@parcours/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter, useSearch } from '@tanstack/react-router';
import { useId, useRef, useState } from 'react';
import { isApiError } from '../../api/api-error.ts';
import { api } from '../../api/endpoints.ts';
import { demoAccountsQuery, queryKeys } from '../../api/queries.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { afterSignIn, homePath } from '../../lib/access.ts';

export function LoginPage() {
  const { t, fmt } = useI18n();
  const { redirect, expired } = useSearch({ from: '/login' });
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const alertRef = useRef<HTMLParagraphElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  // a demo database offers its accounts; any other answers an empty list
  const demo = useQuery(demoAccountsQuery);

  const fillWith = (account: DemoAccount) => {
    setEmail(account.email);
    setPassword(account.password);
    setProblem(null);
    submitRef.current?.focus();
  };

  const login = useMutation({
    mutationFn: api.login,
    onSuccess: (session) => {
      // nothing a previous user (or an anonymous attempt) loaded may show
      queryClient.clear();
      queryClient.setQueryData(queryKeys.session, session);
      router.history.push(afterSignIn(redirect, homePath(session)));
    },
    onError: (error) => {
      setProblem(
        isApiError(error) && error.status === 401
          ? t.auth.wrong
          : isApiError(error) && error.status === 429
            ? t.auth.throttled(
                error.retryAfterSeconds === null ? null : fmt.duration(error.retryAfterSeconds),
              )
            : isApiError(error) && error.isNetwork
              ? t.state.networkError
              : t.state.serverError(error.message),
      );
      requestAnimationFrame(() => alertRef.current?.focus());
    },
  });

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setProblem(t.auth.required);
      requestAnimationFrame(() => alertRef.current?.focus());
      return;
    }
    setProblem(null);
    login.mutate({ email: email.trim(), password });
  };

  return (
    <main id="main" className="app-main login" tabIndex={-1}>
      <section className="card card-pad login-card" aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>{t.auth.title}</h1>
        <p className="muted">{t.auth.intro}</p>
        {expired && !problem ? (
          <p className="notice" role="status">
            {t.auth.expired}
          </p>
        ) : null}
        {problem ? (
          <p ref={alertRef} tabIndex={-1} className="notice notice-error" role="alert">
            {problem}
          </p>
        ) : null}
        <form onSubmit={submit} noValidate className="login-form">
          <div className="field">
            <label htmlFor={`${id}-email`}>{t.auth.email}</label>
            <input
              id={`${id}-email`}
              className="input"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>{t.auth.password}</label>
            <input
              id={`${id}-password`}
              className="input"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </div>
          <button ref={submitRef} type="submit" className="btn btn-primary" disabled={login.isPending}>
            {login.isPending ? t.auth.signingIn : t.auth.submit}
          </button>
        </form>
      </section>
      {demo.data && demo.data.accounts.length > 0 ? (
        <section className="card card-pad login-card demo-accounts" aria-labelledby={`${id}-demo`}>
          <h2 id={`${id}-demo`}>{t.auth.demoTitle}</h2>
          <p className="muted">{t.auth.demoIntro}</p>
          <ul className="demo-account-list">
            {demo.data.accounts.map((account) => (
              <li key={account.email}>
                <button
                  type="button"
                  className="demo-account"
                  data-testid="demo-account"
                  data-role={account.role}
                  onClick={() => fillWith(account)}
                >
                  <span className="demo-account-who">
                    <strong>{account.name}</strong> · {t.auth.roles[account.role]}
                  </span>
                  <span className="demo-account-email">{account.email}</span>
                  <span className="demo-account-sees muted">{t.auth.demoSees[account.role]}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}
