// The pipeline's public face: the Pipeline the CLI and the UI hold, and the options it takes. The
// stages behind it (docs/design.md §1) are the folder's own business.
export type {EventSink, FlowAccount, PipelineAccount, PipelineOptions} from './options.js';
export {Pipeline} from './pipeline.js';
