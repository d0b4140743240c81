export * from './retrieval-index.ts';
export * from './confidence.ts';
export { analyzeText } from './analyze.ts';
export { editDistance } from './typos.ts';
export { shortenPassage, splitPassages } from './passages.ts';
export { QuestionClassifier, classifierFeatures, classifierFor } from './classifier.ts';
