import { PageHeader } from '../../ui/PageHeader';

export default function FlowPage() {
  return <PageHeader title="Flow" />;
}
