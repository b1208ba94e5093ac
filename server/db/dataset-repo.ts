// Instructors' own datasets. Every read and write is scoped to the owner: another instructor's
// dataset is indistinguishable from one that does not exist (null / false), so callers cannot leak
// it by accident. The CSV is stored as uploaded; the parse's results beside it are derived values,
// written by the caller (server/http/datasets-api.ts) from lib/datasets.
import type { DatasetInfo, DatasetWithCsv } from "../../lib/api-types";
import type { ScalingSummary } from "../../lib/datasets";
import type { Prisma, PrismaClient } from "./generated/client";
import { CorruptRowError } from "./row-mappers";

export interface DatasetStart {
  initialWeights: number[];
  initialBias: number;
  raw: ScalingSummary;
  standardized: ScalingSummary;
}

export interface NewDataset extends DatasetStart {
  id: string;
  ownerId: string;
  name: string;
  csv: string;
  rows: number;
  featureNames: string[];
  labelName: string;
  createdAt: Date;
}

/** Everything but the CSV (up to 256 KB each): what a list shows. */
const INFO_COLUMNS = {
  id: true,
  name: true,
  rowCount: true,
  featureNames: true,
  labelName: true,
  initialWeights: true,
  initialBias: true,
  summary: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.DatasetSelect;

type InfoRow = Prisma.DatasetGetPayload<{ select: typeof INFO_COLUMNS }>;

const isNumberList = (value: unknown): value is number[] =>
  Array.isArray(value) && value.every((v) => typeof v === "number");

function infoFromRow(row: InfoRow): DatasetInfo {
  const { featureNames, initialWeights, summary } = row;
  if (!Array.isArray(featureNames) || !featureNames.every((name) => typeof name === "string"))
    throw new CorruptRowError(`dataset ${row.id}: featureNames is not a list of names`);
  if (!isNumberList(initialWeights) || initialWeights.length !== featureNames.length)
    throw new CorruptRowError(`dataset ${row.id}: initialWeights does not fit its features`);
  const scaling = summary as { raw?: ScalingSummary; standardized?: ScalingSummary } | null;
  if (!scaling?.raw || !scaling.standardized) throw new CorruptRowError(`dataset ${row.id}: no summary`);
  return {
    id: row.id,
    name: row.name,
    rows: row.rowCount,
    features: featureNames.length,
    featureNames,
    labelName: row.labelName,
    initialWeights,
    initialBias: row.initialBias,
    raw: scaling.raw,
    standardized: scaling.standardized,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The summary column's JSON, spelled out so its shape is seen here. */
const scalingColumn = (s: ScalingSummary) => ({
  conditionNumber: s.conditionNumber,
  maxStableLearningRate: s.maxStableLearningRate,
  oneStepOptimalLearningRate: s.oneStepOptimalLearningRate,
});
const summaryColumn = (start: DatasetStart) => ({
  raw: scalingColumn(start.raw),
  standardized: scalingColumn(start.standardized),
});

export class DatasetRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async create(dataset: NewDataset): Promise<DatasetInfo> {
    const row = await this.prisma.dataset.create({
      data: {
        id: dataset.id,
        ownerId: dataset.ownerId,
        name: dataset.name,
        csv: dataset.csv,
        rowCount: dataset.rows,
        featureNames: dataset.featureNames,
        labelName: dataset.labelName,
        initialWeights: dataset.initialWeights,
        initialBias: dataset.initialBias,
        summary: summaryColumn(dataset),
        createdAt: dataset.createdAt,
        updatedAt: dataset.createdAt,
      },
      select: INFO_COLUMNS,
    });
    return infoFromRow(row);
  }

  async countOwned(ownerId: string): Promise<number> {
    return this.prisma.dataset.count({ where: { ownerId } });
  }

  /** The owner's datasets, newest first, without their CSV. */
  async list(ownerId: string, limit: number): Promise<DatasetInfo[]> {
    const rows = await this.prisma.dataset.findMany({
      where: { ownerId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
      select: INFO_COLUMNS,
    });
    return rows.map(infoFromRow);
  }

  /** One of the owner's datasets with its CSV; null if there is none with that id that they own. */
  async get(ownerId: string, id: string): Promise<DatasetWithCsv | null> {
    const row = await this.prisma.dataset.findFirst({
      where: { id, ownerId },
      select: { ...INFO_COLUMNS, csv: true },
    });
    return row ? { ...infoFromRow(row), csv: row.csv } : null;
  }

  /** Renames and/or sets a new start; null if the owner has no such dataset. */
  async update(
    ownerId: string,
    id: string,
    changes: { name?: string; start?: DatasetStart; updatedAt: Date },
  ): Promise<DatasetInfo | null> {
    const { count } = await this.prisma.dataset.updateMany({
      where: { id, ownerId },
      data: {
        ...(changes.name === undefined ? {} : { name: changes.name }),
        ...(changes.start === undefined
          ? {}
          : {
              initialWeights: changes.start.initialWeights,
              initialBias: changes.start.initialBias,
              summary: summaryColumn(changes.start),
            }),
        updatedAt: changes.updatedAt,
      },
    });
    if (count === 0) return null;
    const row = await this.prisma.dataset.findFirst({ where: { id, ownerId }, select: INFO_COLUMNS });
    return row ? infoFromRow(row) : null;
  }

  /** False if the owner has no such dataset. Rounds that used it keep their own copy of the data. */
  async delete(ownerId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.dataset.deleteMany({ where: { id, ownerId } });
    return count > 0;
  }
}
