import { PageHeader } from '../../ui/PageHeader';

export default function MediaPage() {
  return <PageHeader title="Media" />;
}
