/**
 * A centre's Document Signer: personalises a card (MRZ, EF.COM, DG1, DG2) and signs its EF.SOD.
 * What is fixed for the signer (the certificate and everything in the SOD that depends only on it) is
 * prepared once; a card then costs its MRZ, the copy of its face into DG2, three SHA-256 (DG1, DG2, the
 * security object) and one ECDSA signature.
 *
 * Cards are written into a workspace that the next card reuses, as a production line feeds its encoders:
 * memory that is written again stays in the caches, where fresh memory for every card (17 kB with its
 * face) costs more than the rest of the card's encoding. `personaliseEach` hands each card to a callback
 * that writes or copies what it keeps; `personalise` returns one card whose files are its own.
 */
import { hash, type KeyObject } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { DomainError } from '../../core/errors.js';
import { DerError, view, writeHeader } from './der.js';
import { dg2Length, encodeEfCom, LdsTag, writeDg2 } from './lds.js';
import { TD1_LENGTH, td1FieldsFromCard, td1Lines, writeTd1 } from './mrz.js';
import type { CardData, CardToPersonalise, DocumentSigner, FaceImage, PersonalisedCard } from './personalisation.js';
import { createSodSigner, type SodWriter } from './sod.js';

const EF_COM = encodeEfCom([LdsTag.DG1, LdsTag.DG2]);
/** DG1 of a TD1: tag 61, length, tag 5F1F, length 90, then the MRZ. */
const DG1_HEADER_LENGTH = 5;
const DG1_LENGTH = DG1_HEADER_LENGTH + TD1_LENGTH;
/** Room for DG2 when a workspace is made; it grows for a larger face. */
const INITIAL_DG2_ROOM = 24 * 1024;

/** A face image the LDS cannot carry, as a refusal of the `face` field. */
function faceError(error: unknown): unknown {
  if (!(error instanceof DerError)) return error;
  return new DomainError('validation', `face: ${error.message}`, { errors: [{ field: 'face', message: error.message }] });
}

/** Cards prepared, then signed, then handed over together (see `createDocumentSigner`). */
const RUN = 16;

/**
 * EF.COM, then per card of a run its DG1 and DG2, in one buffer; EF.COM and the DG1 headers are written
 * once. The views handed out are kept while their lengths stay the same.
 */
class Workspace {
  readonly buffer: Buffer;
  readonly efCom: Uint8Array;
  private readonly slotSize: number;
  private readonly dg1Views: Uint8Array[] = [];
  private readonly dg2Views: Uint8Array[] = [];

  constructor(
    readonly dg2Room: number,
    slots: number,
  ) {
    this.slotSize = DG1_LENGTH + dg2Room;
    this.buffer = Buffer.alloc(EF_COM.length + slots * this.slotSize);
    this.buffer.set(EF_COM, 0);
    this.efCom = view(this.buffer, 0, EF_COM.length);
    for (let slot = 0; slot < slots; slot++) {
      const dg1At = this.dg1At(slot);
      writeHeader(this.buffer, writeHeader(this.buffer, dg1At, LdsTag.DG1, DG1_LENGTH - 2), LdsTag.mrz, TD1_LENGTH);
      this.dg1Views.push(view(this.buffer, dg1At, dg1At + DG1_LENGTH));
      this.dg2Views.push(view(this.buffer, 0, 0));
    }
  }

  dg1At(slot: number): number {
    return EF_COM.length + slot * this.slotSize;
  }

  mrzAt(slot: number): number {
    return this.dg1At(slot) + DG1_HEADER_LENGTH;
  }

  dg1(slot: number): Uint8Array {
    return this.dg1Views[slot]!;
  }

  /** The view for a DG2 of `length` bytes in `slot`. */
  dg2(slot: number, length: number): Uint8Array {
    let dg2 = this.dg2Views[slot]!;
    if (dg2.length !== length) {
      const at = this.dg1At(slot) + DG1_LENGTH;
      dg2 = view(this.buffer, at, at + length);
      this.dg2Views[slot] = dg2;
    }
    return dg2;
  }
}

/** A card as it stands in a workspace; its MRZ lines are read from DG1 when asked for. */
class WorkspaceCard implements PersonalisedCard {
  constructor(
    readonly documentNumber: string,
    private readonly workspace: Workspace,
    private readonly slot: number,
    readonly efCom: Uint8Array,
    readonly dg1: Uint8Array,
    readonly dg2: Uint8Array,
    readonly efSod: Uint8Array,
    readonly signerSerial: string,
  ) {}

  get mrz(): [string, string, string] {
    return td1Lines(this.workspace.buffer, this.workspace.mrzAt(this.slot));
  }
}

/** A card whose files are copied out of the workspace into one buffer of its own. */
function ownCard(card: PersonalisedCard): PersonalisedCard {
  const { efCom, dg1, dg2, efSod } = card;
  const files = new Uint8Array(efCom.length + dg1.length + dg2.length + efSod.length);
  let at = 0;
  const place = (file: Uint8Array) => {
    files.set(file, at);
    at += file.length;
    return files.subarray(at - file.length, at);
  };
  return { documentNumber: card.documentNumber, mrz: card.mrz, efCom: place(efCom), dg1: place(dg1), dg2: place(dg2), efSod: place(efSod), signerSerial: card.signerSerial };
}

/**
 * A Document Signer over a certificate and its private key; `clock` dates the SOD's signingTime.
 *
 * Cards go in runs (`options.run`, 16 by default) through three steps: each card's MRZ, DG1, DG2 and hashes; then the signatures;
 * then the hand-over. A P-256 signature reads its whole table of precomputed points (about 150 kB); any
 * other work between two signatures (a face copied, a hash, the garbage collector's nursery) pushes part
 * of it out of the processor's cache, and the next signature reloads it. Signing a run in a row pays that
 * once per run, not once per card: measured here, about 20 µs per reload, or a third of a card.
 */
export function createDocumentSigner(centreCode: string, certificateDer: Uint8Array, privateKey: KeyObject, clock: Clock, options: { run?: number } = {}): DocumentSigner {
  const runLength = options.run ?? RUN;
  if (!(Number.isInteger(runLength) && runLength >= 1)) throw new RangeError(`a run is a whole number of cards; got ${runLength}`);
  const sodSigner = createSodSigner(certificateDer, privateKey);
  const { notBefore, notAfter, serialHex } = sodSigner.certificate;
  const validFrom = notBefore.getTime();
  const validTo = notAfter.getTime();
  let shared: { workspace: Workspace; sod: SodWriter } | undefined;
  let busy = false;

  /** The signing time of a card, refused outside the Document Signer's validity. */
  const signingTime = (): Date => {
    const now = clock.now();
    const time = now.getTime();
    if (time < validFrom || time > validTo) {
      throw new DomainError('conflict', `the Document Signer ${serialHex} of ${centreCode} is valid from ${notBefore.toISOString()} to ${notAfter.toISOString()}; rotate it to sign at ${now.toISOString()}`);
    }
    return now;
  };

  /** Writes a card's MRZ, DG1 and DG2 into `slot`, and their hashes into its security object. */
  const prepare = (workspace: Workspace, sod: SodWriter, slot: number, card: CardData, face: FaceImage, dg2Size: number): void => {
    writeTd1(td1FieldsFromCard(card), workspace.buffer, workspace.mrzAt(slot));
    const dg2 = workspace.dg2(slot, dg2Size);
    try {
      writeDg2(dg2, face, card.sex);
    } catch (error) {
      throw faceError(error);
    }
    // The hashes go straight into the security object (as 'binary', i.e. Latin-1, text: Node makes no Buffer for them).
    sod.buffer.write(hash('sha256', workspace.dg1(slot), 'binary'), sod.hashAt(slot, 0), 'binary');
    sod.buffer.write(hash('sha256', dg2, 'binary'), sod.hashAt(slot, 1), 'binary');
  };

  const personaliseEach = (items: Iterable<CardToPersonalise>, onCard: (card: PersonalisedCard, index: number) => void): number => {
    // A call from inside another's callback gets a workspace of its own rather than overwrite the cards handed out.
    const reentrant = busy;
    let own = reentrant ? undefined : shared;
    busy = true;
    let count = 0;
    const run: CardToPersonalise[] = [];
    const sizes: number[] = [];
    const times: Date[] = [];
    const signAndHandOver = (prepared: number) => {
      const { workspace, sod } = own!;
      const sods = times.slice(0, prepared).map((time, slot) => sod.sign(slot, time));
      for (let slot = 0; slot < prepared; slot++) {
        const dg2 = workspace.dg2(slot, sizes[slot]!);
        onCard(new WorkspaceCard(run[slot]!.card.documentNumber, workspace, slot, workspace.efCom, workspace.dg1(slot), dg2, sods[slot]!, serialHex), count++);
      }
    };
    const flush = () => {
      if (run.length === 0) return;
      let room = 0;
      for (const { face } of run) {
        const size = dg2Length(face);
        sizes.push(size);
        room = Math.max(room, size);
      }
      if (own === undefined || own.workspace.dg2Room < room) {
        own = { workspace: new Workspace(Math.max(INITIAL_DG2_ROOM, room), runLength), sod: own?.sod ?? sodSigner.writer([1, 2], runLength) };
        if (!reentrant) shared = own;
      }
      let prepared = 0;
      try {
        // One reading of the clock for the run: its cards are signed within the same few milliseconds.
        const time = signingTime();
        for (; prepared < run.length; prepared++) {
          times.push(time);
          prepare(own.workspace, own.sod, prepared, run[prepared]!.card, run[prepared]!.face, sizes[prepared]!);
        }
      } catch (error) {
        // The cards before the refused one are signed and handed over; then the refusal.
        signAndHandOver(prepared);
        throw error;
      }
      signAndHandOver(prepared);
      run.length = 0;
      sizes.length = 0;
      times.length = 0;
    };
    try {
      for (const item of items) {
        run.push(item);
        if (run.length === runLength) flush();
      }
      flush();
    } finally {
      if (!reentrant) busy = false;
    }
    return count;
  };

  return {
    centreCode,
    personaliseEach,
    personalise(card: CardData, face: FaceImage): PersonalisedCard {
      let owned: PersonalisedCard | undefined;
      personaliseEach([{ card, face }], (personalised) => {
        owned = ownCard(personalised);
      });
      return owned!;
    },
  };
}
