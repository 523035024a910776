import { PageHeader } from '../../ui/PageHeader';

export default function FlowsPage() {
  return <PageHeader title="Flows" />;
}
