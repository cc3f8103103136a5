// A plain list of items (antd's List is deprecated in antd 6.6 and says so in the browser console on
// every render, which the browser tests rightly count as an error): rows with an optional trailing
// part (`extra`) and actions, an empty state, and list semantics for screen readers.
import type { CSSProperties, ReactNode } from 'react';
import { Empty, Flex, theme } from 'antd';

export interface ItemListProps<T> {
  dataSource: readonly T[];
  renderItem: (item: T, index: number) => ReactNode;
  rowKey?: (item: T, index: number) => string | number;
  bordered?: boolean;
  /** Shown when there is nothing; default 暂无数据. */
  empty?: ReactNode;
  style?: CSSProperties;
  'aria-label'?: string;
}

export function ItemList<T>({ dataSource, renderItem, rowKey, bordered, empty, style, ...aria }: ItemListProps<T>) {
  const { token } = theme.useToken();
  if (dataSource.length === 0)
    return <>{empty ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无数据" />}</>;
  return (
    <ul
      {...aria}
      style={{
        listStyle: 'none',
        margin: 0,
        padding: bordered ? '0 12px' : 0,
        border: bordered ? `1px solid ${token.colorBorderSecondary}` : undefined,
        borderRadius: bordered ? token.borderRadius : undefined,
        ...style,
      }}
    >
      {dataSource.map((item, i) => (
        <li key={rowKey ? rowKey(item, i) : i}>{renderItem(item, i)}</li>
      ))}
    </ul>
  );
}

/** One row: its content, then `extra` at the end and `actions` after it, divided from the next row. */
export function ItemRow({
  children,
  extra,
  actions,
}: {
  children: ReactNode;
  extra?: ReactNode;
  actions?: ReactNode[];
}) {
  const { token } = theme.useToken();
  return (
    <Flex align="center" gap={12} wrap style={{ padding: '8px 0', borderBottom: `1px solid ${token.colorSplit}` }}>
      <div style={{ flex: 1, minWidth: 0 }}>{children}</div>
      {extra}
      {actions && actions.length > 0 && (
        <Flex gap={8} align="center">
          {actions}
        </Flex>
      )}
    </Flex>
  );
}
