// Placeholder while the fact collector is written: detects TF.js use only.
import * as ts from 'typescript';
import type { NanscopeConfig } from './config';
import type { InternalError, ModelSpec, TfBindings, TrainingSite } from './types';

export interface FileFacts {
  sourceFile: ts.SourceFile;
  config: NanscopeConfig;
  usesTf: boolean;
  bindings: TfBindings;
  models: { spec: ModelSpec }[];
  sites: { site: Omit<TrainingSite, 'range'> }[];
  internalErrors: InternalError[];
}

export function buildFacts(sourceFile: ts.SourceFile, config: NanscopeConfig): FileFacts {
  return { sourceFile, config, usesTf: sourceFile.text.includes('@tensorflow/tfjs'), bindings: { namespaces: [], named: {} }, models: [], sites: [], internalErrors: [] };
}
