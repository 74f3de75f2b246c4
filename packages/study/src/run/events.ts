/** What a running study reports, for progress bars, logs and programmatic users (`runStudy({onEvent})`). */
export type StudyEvent =
  | { readonly type: 'start'; readonly outDir: string; readonly resumed: boolean; readonly rowsBefore: number; readonly models: readonly string[] }
  | { readonly type: 'model'; readonly model: string; readonly backend: string; readonly layers: readonly string[] }
  | { readonly type: 'selection'; readonly model: string; readonly requested: number; readonly selected: number; readonly examined: number }
  | { readonly type: 'calibration'; readonly model: string; readonly images: number }
  | {
      readonly type: 'progress';
      readonly model: string;
      readonly layer: string;
      /** Image passes (image × layer) done so far, over all models, and the total planned. */
      readonly done: number;
      readonly total: number;
      /** The batch was already in results.jsonl (resumed run). */
      readonly skipped: boolean;
      readonly batchImages: number;
    }
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'stopped'; readonly outDir: string; readonly rows: number }
  | { readonly type: 'outputs'; readonly files: readonly string[] }
  | { readonly type: 'done'; readonly outDir: string; readonly rows: number; readonly durationMs: number };

export type StudyEventHandler = (e: StudyEvent) => void;
