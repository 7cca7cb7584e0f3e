/**
 * The grid that shows `count` tiles of `aspect` (width / height) as large as they fit in a
 * `width` × `height` stage with `gap` between them: how many columns, and how wide each tile is.
 * Rows are filled from the top; the room centres a last, shorter row, so three people leave no
 * blank quarter. A tall, narrow stage (a phone held upright) gets one column. A stage of no
 * measured height counts as one of the tiles' own shape.
 */
export function gridLayout(
  count: number,
  width: number,
  height: number,
  gap: number,
  aspect = 16 / 9,
): { columns: number; tileWidth: number } {
  if (count <= 0 || width <= 0) return { columns: 1, tileWidth: Math.max(0, width) };
  const stageHeight = height > 0 ? height : width / aspect;
  let best = { columns: 1, tileWidth: 0 };
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns);
    const byWidth = (width - gap * (columns - 1)) / columns;
    const byHeight = ((stageHeight - gap * (rows - 1)) / rows) * aspect;
    const tileWidth = Math.floor(Math.min(byWidth, byHeight));
    if (tileWidth > best.tileWidth) best = { columns, tileWidth };
  }
  return best;
}
