// The basis of a rule as people read it: `<Basis text="000 第十九条；001 第十二条" />` shows each
// citation by the text's full title, with the short code, issuing body, document number, province
// and standing in a tooltip (reached by keyboard too). Signed-in pages wait for the registry
// (layout/AppLayout.tsx); if it cannot be read, the text shows as written rather than nothing.
import { useQuery } from '@tanstack/react-query';
import { Tooltip, Typography } from 'antd';
import { api } from '../api/client.js';
import { unwrap } from '../api/errors.js';
import { citationDetails, citationText, citeText, parseBasis, standingOf, type Regulation } from './basis-parse.js';

export { citeText };

const NONE: Regulation[] = [];

/** The registry, asked once per session (the query cache is cleared at sign-in and sign-out). */
export const regulationsQuery = {
  queryKey: ['regulations'],
  queryFn: async (): Promise<Regulation[]> => (await unwrap(api.GET('/regulations'))).items,
  staleTime: Infinity,
  gcTime: Infinity,
};

export function useRegulations(): Regulation[] {
  return useQuery(regulationsQuery).data ?? NONE;
}

/** `text` with each short citation read out in full; the rest of the text as written. */
export function Basis({ text }: { text: string }) {
  const registry = useRegulations();
  // One inline run: inside a flex cell (Descriptions) bare text and citations would each become a column.
  return (
    <span>
      {parseBasis(text, registry).map((part, i) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <Tooltip
            key={i}
            trigger={['hover', 'focus']}
            title={citationDetails(part).map((line) => (
              <div key={line}>{line}</div>
            ))}
          >
            <Typography.Text
              tabIndex={0}
              data-basis={part.short}
              type={standingOf(part.regulation) ? 'warning' : undefined}
              style={{ color: standingOf(part.regulation) ? undefined : 'inherit' }}
            >
              {citationText(part)}
            </Typography.Text>
          </Tooltip>
        ),
      )}
    </span>
  );
}
