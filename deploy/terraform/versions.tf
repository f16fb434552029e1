terraform {
  required_version = ">= 1.3"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.27" # the event rule's state argument came in 5.27
    }
  }
}
