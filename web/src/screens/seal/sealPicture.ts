import { locateSeal } from '@contract/seal-locate';

/** The longest side the console looks for the seal in: a photo is made smaller, a 200 dpi scan of A4 is not. */
const SEARCH_SIDE = 2400;
/** The longest side of what is sent: the server decodes modules, not photographs. */
const SEND_SIDE = 1600;

/** What to send for a picture: the part around the seal when it is found, and the whole picture (made smaller). */
export interface SealPictures {
  /** The part of the picture around the symbol (PNG), when one was found. */
  readonly seal: Blob | undefined;
  /** The whole picture as PNG, its longest side at most `SEND_SIDE`... or as it came, when small. */
  readonly whole: Blob;
}

/** The picture the person chose, decoded by the browser; `undefined` when it is no picture the browser reads. */
async function decode(file: Blob): Promise<ImageBitmap | undefined> {
  try {
    return await createImageBitmap(file);
  } catch {
    return undefined;
  }
}

function canvasOf(width: number, height: number): { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D } {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  // Transparent parts read as white paper.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  return { canvas, context };
}

const png = (canvas: HTMLCanvasElement) => new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob === null ? reject(new Error('the picture could not be encoded')) : resolve(blob)), 'image/png'));

/**
 * Finds the seal in a picture (a photo or scan of the page, or of the symbol alone) and makes what is
 * sent from it; `undefined` when the file is no picture.
 */
export async function sealPictures(file: Blob): Promise<SealPictures | undefined> {
  const bitmap = await decode(file);
  if (bitmap === undefined) return undefined;
  try {
    const scale = Math.min(1, SEARCH_SIDE / Math.max(bitmap.width, bitmap.height));
    const [width, height] = [Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale))];
    const search = canvasOf(width, height);
    search.context.drawImage(bitmap, 0, 0, width, height);
    const rgba = search.context.getImageData(0, 0, width, height).data;
    const grey = new Uint8Array(width * height);
    for (let i = 0; i < grey.length; i++) grey[i] = (rgba[i * 4]! * 299 + rgba[i * 4 + 1]! * 587 + rgba[i * 4 + 2]! * 114) / 1000;
    const box = locateSeal(grey, width, height);
    let seal: Blob | undefined;
    if (box !== undefined) {
      // Cut from the picture as it came (the box found on the smaller one), at most SEND_SIDE wide.
      const [sx, sy, sw, sh] = [box.x / scale, box.y / scale, box.width / scale, box.height / scale];
      const shrink = Math.min(1, SEND_SIDE / Math.max(sw, sh));
      const part = canvasOf(Math.round(sw * shrink), Math.round(sh * shrink));
      part.context.drawImage(bitmap, sx, sy, sw, sh, 0, 0, part.canvas.width, part.canvas.height);
      seal = await png(part.canvas);
    }
    const shrink = Math.min(1, SEND_SIDE / Math.max(bitmap.width, bitmap.height));
    const whole =
      shrink === 1 && (file.type === 'image/png' || file.type === 'image/jpeg')
        ? file
        : await (async () => {
            const all = canvasOf(Math.round(bitmap.width * shrink), Math.round(bitmap.height * shrink));
            all.context.drawImage(bitmap, 0, 0, all.canvas.width, all.canvas.height);
            return png(all.canvas);
          })();
    return { seal, whole };
  } finally {
    bitmap.close();
  }
}
