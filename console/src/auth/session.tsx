// Who is signed in: GET /auth/me through the session cookie. Sign-in and sign-out go through
// /auth/session, which sets and clears the cookie; the token itself never reaches script.
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, csrfToken, onSignedOut } from '../api/client.js';
import { ApiError, unwrap } from '../api/errors.js';
import type { components } from '../api/schema.js';
import { regulationsQuery } from '../components/Basis.js';

export type Me = components['schemas']['Me'];
export type Role = Me['roles'][number];

export const ROLE_NAMES: Record<Role, string> = {
  official: '主管部门工作人员',
  commission_leader: '主管部门负责人',
  inspector: '监督检查员',
  unit_staff: '单位工作人员',
  unit_leader: '单位负责人',
  info_center: '信息中心人员',
  auditor: '审计员',
  admin: '系统管理员',
};

export const ME_KEY = ['auth', 'me'] as const;

export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      // No CSRF cookie, no session: the login page without asking the API.
      if (!csrfToken()) return null;
      try {
        return await unwrap(api.GET('/auth/me'));
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

const SessionContext = createContext<Me | null>(null);

/** The signed-in user; only inside SignedIn. */
export function useUser(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useUser outside SignedIn');
  return me;
}

export const hasRole = (me: Me, roles: readonly Role[] | undefined) =>
  !roles || roles.some((r) => me.roles.includes(r));

/** Renders children for a signed-in user; anyone else goes to the login page and comes back after. */
export function SignedIn({ children }: { children: ReactNode }) {
  const me = useMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  useEffect(
    () =>
      onSignedOut(() => {
        client.setQueryData(ME_KEY, null);
      }),
    [client],
  );
  useEffect(() => {
    if (me.data === null) {
      const back = window.location.pathname + window.location.search;
      void navigate(`/login?next=${encodeURIComponent(back)}`, { replace: true });
    }
  }, [me.data, navigate]);
  if (!me.data) return null;
  return <SessionContext.Provider value={me.data}>{children}</SessionContext.Provider>;
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => unwrap(api.POST('/auth/session', { body })),
    onSuccess: async () => {
      client.clear();
      // The registry too before the first page: signed-in pages wait for it (layout/AppLayout.tsx).
      await Promise.all([client.invalidateQueries({ queryKey: ME_KEY }), client.prefetchQuery(regulationsQuery)]);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/auth/session')),
    onSettled: () => {
      client.clear();
      client.setQueryData(ME_KEY, null);
      void navigate('/login', { replace: true });
    },
  });
}
