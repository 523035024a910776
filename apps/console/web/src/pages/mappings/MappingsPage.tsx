import { PageHeader } from '../../ui/PageHeader';

export default function MappingsPage() {
  return <PageHeader title="Mappings" />;
}
